/**
 * The one catalogue of import problems, in Dutch and English: the server reports each problem as
 * a code with parameters (and an English text for the CLI and logs), the dashboard renders the
 * same code in the user's language (client/src/lib/messages.ts reads this file). `{name}` is a
 * parameter.
 */

export type ImportLang = 'nl' | 'en';

interface Entry {
  /** The kind of problem, as a heading over its examples. */
  title: Record<ImportLang, string>;
  /** One example (one row), with the column in front when there is one. */
  text: Record<ImportLang, string>;
}

export const IMPORT_PROBLEMS = {
  value_empty: { title: { nl: 'Lege verplichte waarde', en: 'Empty required value' }, text: { nl: 'is leeg', en: 'is empty' } },
  id_invalid: { title: { nl: 'Ongeldig extern nummer', en: 'Invalid external id' }, text: { nl: '"{value}" moet 1-100 letters, cijfers of . _ : / # - zijn', en: '"{value}" must be 1-100 letters, digits or . _ : / # -' } },
  date_invalid: { title: { nl: 'Geen geldige datum', en: 'Not a date' }, text: { nl: '"{value}" is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)', en: '"{value}" is not a date (use YYYY-MM-DD or DD-MM-YYYY)' } },
  date_out_of_range: { title: { nl: 'Datum buiten bereik', en: 'Date out of range' }, text: { nl: '{date} ligt buiten 2000-01-01 … vandaag', en: '{date} is outside 2000-01-01 … today' } },
  category_unknown: { title: { nl: 'Onbekende categorie', en: 'Unknown category' }, text: { nl: '"{value}" is geen bekende categorie', en: '"{value}" is not a known category' } },
  source_unknown: { title: { nl: 'Onbekende bron', en: 'Unknown source' }, text: { nl: '"{value}" is geen bekende bron', en: '"{value}" is not a known source' } },
  kind_invalid: { title: { nl: 'Ongeldige soort inspectie', en: 'Invalid inspection kind' }, text: { nl: '"{value}" is geen soort inspectie (een code zoals integrale_controle)', en: '"{value}" is not an inspection kind (a code like integrale_controle)' } },
  outcome_invalid: { title: { nl: 'Ongeldige uitkomst', en: 'Invalid outcome' }, text: { nl: '"{value}" moet een van {allowed} zijn', en: '"{value}" must be one of {allowed}' } },
  location_both: { title: { nl: 'Twee soorten coördinaten', en: 'Two kinds of coordinates' }, text: { nl: 'geef lon/lat of x/y, niet allebei', en: 'give either lon/lat or x/y, not both' } },
  lonlat_not_numbers: { title: { nl: 'lon/lat geen getallen', en: 'lon/lat not numbers' }, text: { nl: 'moeten allebei decimale getallen zijn', en: 'must both be decimal numbers' } },
  lonlat_swapped: { title: { nl: 'lon en lat verwisseld', en: 'lon and lat swapped' }, text: { nl: '({lon}, {lat}) lijkt verwisseld: lon is de oost-westwaarde (ongeveer 3-7), lat de noord-zuidwaarde (ongeveer 50-54)', en: '({lon}, {lat}) looks swapped: lon is the east-west value (about 3-7), lat the north-south value (about 50-54)' } },
  lonlat_outside_nl: { title: { nl: 'Buiten Nederland', en: 'Outside the Netherlands' }, text: { nl: '({lon}, {lat}) ligt buiten Nederland', en: '({lon}, {lat}) is outside the Netherlands' } },
  xy_not_numbers: { title: { nl: 'x/y geen getallen', en: 'x/y not numbers' }, text: { nl: 'moeten allebei getallen zijn (RD New, meters)', en: 'must both be numbers (RD New metres)' } },
  xy_swapped: { title: { nl: 'x en y verwisseld', en: 'x and y swapped' }, text: { nl: '({x}, {y}) lijkt verwisseld: x is de oost-west RD-waarde, y de noord-zuidwaarde', en: '({x}, {y}) looks swapped: x is the east-west RD value, y the north-south one' } },
  xy_outside_nl: { title: { nl: 'Buiten Nederland (RD)', en: 'Outside the Netherlands (RD)' }, text: { nl: '({x}, {y}) ligt buiten Nederland (RD New)', en: '({x}, {y}) is outside the Netherlands (RD New)' } },
  location_missing: { title: { nl: 'Locatie ontbreekt', en: 'Location missing' }, text: { nl: 'ontbreekt: geef lon en lat (WGS84) of x en y (RD New)', en: 'is missing: give lon and lat (WGS84) or x and y (RD New)' } },
  geometry_not_point: { title: { nl: 'Geometrie is geen punt', en: 'Geometry is not a point' }, text: { nl: 'geometrie moet een Point met [lon, lat] zijn (gekregen: {got})', en: 'geometry must be a Point with [lon, lat] (got {got})' } },
  duplicate_id: { title: { nl: 'Extern nummer dubbel in het bestand', en: 'External id twice in the file' }, text: { nl: 'external_id "{id}" komt meer dan eens voor (regels {lines})', en: 'external_id "{id}" occurs more than once (lines {lines})' } },
  outside_areas: { title: { nl: 'Buiten de geladen gebieden', en: 'Outside the loaded areas' }, text: { nl: 'locatie ligt buiten de geladen gebieden (meer dan 150 m van elke buurt)', en: 'location is outside the loaded areas' } },
} as const satisfies Record<string, Entry>;

export type ImportProblemCode = keyof typeof IMPORT_PROBLEMS;

/** A problem kind with its count and the first examples (line, column, parameters). */
export interface ImportProblem {
  code: ImportProblemCode;
  /** Rows (or, for duplicate ids, ids) with this problem. */
  count: number;
  examples: { line: number; column?: string; params: Record<string, string | number> }[];
}

export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** One example as text: "regel 3: category "kermis" is geen bekende categorie". */
export function importProblemText(lang: ImportLang, code: ImportProblemCode, params: Record<string, string | number> = {}): string {
  return fill(IMPORT_PROBLEMS[code]?.text[lang] ?? code, params);
}

export function importProblemTitle(lang: ImportLang, code: ImportProblemCode): string {
  return IMPORT_PROBLEMS[code]?.title[lang] ?? code;
}

/** The summary of a refused file. */
export const IMPORT_SUMMARY = {
  nl: '{bad} van {rows} rijen hebben problemen ({kinds} soorten); er is niets geïmporteerd',
  en: '{bad} of {rows} rows have problems ({kinds} kinds); nothing was imported',
} as const;

/**
 * Notices about an import that succeeded: nothing wrong with a row, but something about the file
 * the importer should check (docs/import-format.md, "Notices").
 */
export const IMPORT_NOTICES = {
  dates_few_days: {
    nl: 'De meldingen vallen op weinig dagen: {days} verschillende dagen, waar er ongeveer {expected} te verwachten zijn als elke melding de dag draagt waarop ze werd gedaan. Is received_on de dag van doorsturen? De vroege signalen tellen drie of meer adressen in één buurt en categorie op één dag als één voorval; draagt elke melding de dag van doorsturen, importeer dan een bestand met de dag van de melding zelf.',
    en: 'The reports fall on few days: {days} different days, where about {expected} are expected if each report carries the day it was made. Is received_on the day they were forwarded? The early signals count three or more addresses of one buurt and category on one day as one incident; if each report carries the day it was forwarded, import a file with the day of the report itself.',
  },
} as const satisfies Record<string, Record<ImportLang, string>>;

export type ImportNoticeCode = keyof typeof IMPORT_NOTICES;

export interface ImportNotice {
  code: ImportNoticeCode;
  params: Record<string, number>;
}

/** A notice as text; the dashboard passes its numbers formatted for the language. */
export function importNoticeText(lang: ImportLang, code: ImportNoticeCode, params: Record<string, string | number>): string {
  return fill(IMPORT_NOTICES[code]?.[lang] ?? code, params);
}
