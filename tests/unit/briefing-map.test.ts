import { describe, expect, it } from 'vitest';
import { mapScene, type MapData, type Shape } from '../../server/services/briefings/charts.ts';
import { classify, classLabels, colourOf, SEQUENTIAL } from '../../shared/classes.ts';

// The briefing's map uses the dashboard's classification: same breaks, colours and legend text
// for the same published counts; its names come from the label points and places.

const square = (x: number, y: number, d = 0.01) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] as [number, number][][] });
const flat = (shapes: Shape[]): Shape[] => shapes.flatMap((s) => (s.kind === 'clip' ? flat(s.shapes) : [s]));

describe('briefing map', () => {
  const counts = [0, 12, 25, 60, 130, 7];
  const data: MapData = {
    frame: square(6.5, 52.4, 0.07),
    k: 5,
    cellSize: 500,
    areas: counts.map((n, i) => ({
      code: `BU1700000${i}`, name: `Buurt ${i}`, level: 'buurt', geometry: square(6.5 + i * 0.011, 52.43), labelPoint: [6.505 + i * 0.011, 52.435] as [number, number],
      count: { value: n, suppressed: false }, target: i === 2,
    })),
    hotspots: [],
    signals: [],
    classValues: [...counts, 300, 45],
    places: [{ name: 'Vroomshoop', kind: 'dorp', point: [6.53, 52.46] }],
  };
  const scene = mapScene(data, 'nl', { legend: 'Meldingen', suppressed: 'niet getoond', zero: 'Geen meldingen', hotspot: 'Hotspot', signal: 'Signaal', area: 'Gebied' }, 500, 300);
  const shapes = flat(scene.shapes);
  const classes = classify(data.classValues!, SEQUENTIAL, { integers: true });

  it('fills every area with the colour the dashboard gives its count', () => {
    const fills = shapes.filter((s) => s.kind === 'path' && s.fill).map((s) => (s as { fill: string }).fill);
    expect(fills).toEqual(counts.map((n) => colourOf(n, classes)));
  });

  it("writes the dashboard's class labels in the legend", () => {
    const texts = shapes.filter((s) => s.kind === 'text').map((s) => (s as { text: string }).text);
    for (const label of classLabels(classes, (v) => new Intl.NumberFormat('nl-NL').format(v))) expect(texts).toContain(label);
  });

  it('names the place and the areas at their label points, without overlaps', () => {
    const labels = shapes.filter((s): s is Extract<Shape, { kind: 'text' }> => s.kind === 'text' && s.anchor === 'middle' && !/^\d+$/.test(s.text));
    expect(labels.map((l) => l.text)).toContain('Vroomshoop');
    expect(labels.length).toBeGreaterThan(1);
  });
});
