// Password strength by a maintained estimator instead of a length rule: zxcvbn-ts (Dropbox's
// zxcvbn, ported and kept up) with its common-passwords and keyboard data, the Dutch (nl-be) and
// English dictionaries, and the user's own name and the product's name as words to avoid.
// Levenshtein matching is off: it made one check take 0.3-1.5 s of the event loop on this
// machine (without it: 10-170 ms), and the dictionaries with l33t and reversal still catch
// "password1234", "wachtwoord123" and repeated characters.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's score 3: "safely unguessable: moderate protection from an offline slow-hash
 *  scenario" (10^8 guesses or more) — argon2id and the login throttle are the slow hash. */
export const MIN_SCORE = 3;
/** Characters the estimator looks at; its cost grows with the length, and a password whose first
 *  100 characters are not strong is not made strong by more. */
const CHECKED_LENGTH = 100;

export interface Strength {
  /** 0 (too guessable) … 4 (very unguessable) */
  score: number;
  acceptable: boolean;
  /** Why it is weak, in the asked language (null when there is nothing to say). */
  warning: string | null;
  suggestions: string[];
}

type Translations = { warnings: Record<string, string>; suggestions: Record<string, string> };
let estimator: Promise<{ factory: ZxcvbnFactory; nl: Translations; en: Translations }> | null = null;

/** Loaded on first use: the dictionaries are a few MB and most starts never need them. */
function load() {
  return (estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, nl, en] = await Promise.all([
      import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-nl-be'), import('@zxcvbn-ts/language-en'),
    ]);
    // No translations: feedback comes back as keys, translated per request below.
    const factory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...nl.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      useLevenshteinDistance: false,
    });
    return { factory, nl: nl.translations as Translations, en: en.translations as Translations };
  })());
}

/** How guessable a password is for this user (their user name and display name count as known
 *  words, as do the product's and the municipality's usual words). */
export async function passwordStrength(password: string, userInputs: string[] = [], lang: 'nl' | 'en' = 'en'): Promise<Strength> {
  const { factory, nl, en } = await load();
  const inputs = [...userInputs.filter(Boolean), 'signaalkaart', 'gemeente', 'ondermijning', 'twenterand', 'almelo'];
  const result = factory.check(password.slice(0, CHECKED_LENGTH), inputs);
  const t = lang === 'nl' ? nl : en;
  return {
    score: result.score,
    acceptable: result.score >= MIN_SCORE,
    warning: result.feedback.warning ? (t.warnings[result.feedback.warning] ?? result.feedback.warning) : null,
    suggestions: result.feedback.suggestions.map((s) => t.suggestions[s] ?? s),
  };
}
