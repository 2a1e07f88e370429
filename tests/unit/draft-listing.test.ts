import { describe, expect, it } from 'vitest';
import { listedInDraft } from '../../server/services/signals/engine.ts';
import { HIDDEN_Q_STEPS } from '../../server/services/signals/publish.ts';

// A draft may choose alpha from fixed values (runSettings.ts DRAFT_CHOICES). A card whose count is
// hidden publishes its q only as a step (0.01 or 0.5); listed by its own q, drafts at 0.1, 0.2, 0.3
// would tell which of those its q is below (red team, 2026-12-07: 2 of 13 hidden cards narrowed).
// So a draft lists it by its published step.
describe('a draft\'s lead signals', () => {
  const card = (q: number, qBound: boolean) => ({ q, published: { qBound } });

  it('keep a hidden card only when its q step is within the draft\'s alpha', () => {
    expect(HIDDEN_Q_STEPS).toEqual([0.01, 0.5]);
    const hiddenLow = card(0.01, true);
    const hiddenHigh = card(0.5, true);
    const shown = card(0.2, false);
    expect(listedInDraft([hiddenLow, hiddenHigh, shown], 0.5)).toEqual([hiddenLow, hiddenHigh, shown]);
    expect(listedInDraft([hiddenLow, hiddenHigh, shown], 0.3)).toEqual([hiddenLow, shown]);
    expect(listedInDraft([hiddenLow, hiddenHigh, shown], 0.01)).toEqual([hiddenLow, shown]);
  });
});
