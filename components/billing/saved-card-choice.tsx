/** The value of the "A new card" option in SavedCardChoice. */
export const NEW_CARD = "new";

/** "Pay with": each saved card, then "A new card", as radios (one per line, 44 px tall for touch). */
export function SavedCardChoice({ cards, choice, onChoose, legend = "Pay with" }: { cards: { id: string; label: string }[]; choice: string; onChoose: (id: string) => void; legend?: string }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {[...cards, { id: NEW_CARD, label: "A new card" }].map((c) => (
        <label key={c.id} className="flex min-h-11 items-center gap-3 rounded-md px-3 py-2 text-sm ring-1 ring-slate-200 has-checked:ring-2 has-checked:ring-brand-500">
          <input type="radio" name="card" value={c.id} checked={choice === c.id} onChange={() => onChoose(c.id)} />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
