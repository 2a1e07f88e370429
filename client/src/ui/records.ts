import type { Attachment } from 'svelte/attachments';

/** A column of a RecordsTable. */
export interface Column {
  label: string;
  class?: string;
  /** A cell of buttons (row actions): it has no label of its own on a phone. */
  action?: boolean;
}

/**
 * Names each cell of a row after its column (`data-label`): on a phone a record is a card of
 * "label value" lines (`.records` in app.css), and the labels come from the one list of columns
 * that also makes the table's header, so the two cannot disagree.
 */
export function cellLabels(columns: readonly Column[]): Attachment<HTMLTableRowElement> {
  return (row) => {
    [...row.cells].forEach((cell, i) => {
      const column = columns[i];
      if (column && !column.action) cell.dataset.label = column.label;
      else delete cell.dataset.label;
    });
  };
}
