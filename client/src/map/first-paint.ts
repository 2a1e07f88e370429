/**
 * The first frame of the map is painted once, complete.
 *
 * MapLibre paints a frame whenever something arrives: the style, then each source's tiles as the
 * worker hands them over (the basemap's three outline sources, the choropleth, …). On a machine
 * without a GPU (software WebGL, as in headless Chromium and on many office virtual desktops)
 * every painted frame is expensive: the browser renders it on the CPU and reads it back for the
 * compositor (0.1–0.5 s each, measured in a trace), and every frame that meets a new kind of layer
 * compiles its shaders again. The map painted 7–8 partial frames before the first complete one.
 *
 * Here the painter skips frames until `map.loaded()` (style and every tile in use are in); tile
 * loading, camera and events go on as usual, and the last tile's arrival asks for the frame that
 * is then painted, with all shaders at once. After that (or after `maxWaitMs`, should a source
 * never finish) the painter is MapLibre's own again. Until then the map shows its "loading"
 * message on the map's plain background, not half a map.
 *
 * This reaches into MapLibre's painter, which is not public API: the version is pinned, and if
 * the painter is not where it is expected, nothing is changed (the map paints as before).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

interface Painter {
  render: (...args: unknown[]) => void;
}

export function paintWhenLoaded(map: MapLibreMap, maxWaitMs = 5000): void {
  const painter = (map as unknown as { painter?: Painter }).painter;
  if (!painter || typeof painter.render !== 'function') return;
  const own = Object.prototype.hasOwnProperty.call(painter, 'render');
  const render = painter.render;
  const restore = () => {
    if (own) painter.render = render;
    else delete (painter as Partial<Painter>).render;
    clearTimeout(timer);
  };
  const timer = setTimeout(() => {
    restore();
    map.triggerRepaint();
  }, maxWaitMs);
  painter.render = function (this: Painter, ...args: unknown[]) {
    if (!map.loaded()) return;
    restore();
    render.apply(this, args);
  };
}
