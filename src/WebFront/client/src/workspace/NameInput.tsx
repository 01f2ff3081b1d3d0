import { useEffect, useRef, useState } from 'react';
import { nameProblem } from './treePaths';

interface NameInputProps {
  /** What the name is for, read out by screen readers ("New file in src"). */
  label: string;
  initial: string;
  /** Creates or renames; a failure's message shows under the input, which stays open to correct the name. */
  onSubmit: (name: string) => Promise<void>;
  onCancel: () => void;
}

/** The name of a new or renamed tree entry, typed in place: Enter saves, Escape cancels, leaving it saves a changed name. */
export function NameInput({ label, initial, onSubmit, onCancel }: NameInputProps) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string>();
  const submitting = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const field = input.current;
    if (!field) {
      return;
    }
    field.focus();
    // Renaming "app.test.js" selects "app.test", as editors do.
    const dot = initial.lastIndexOf('.');
    field.setSelectionRange(0, dot > 0 ? dot : initial.length);
  }, [initial]);

  async function submit() {
    if (submitting.current) {
      return;
    }
    const name = value.trim();
    if (name === initial) {
      onCancel();
      return;
    }
    const problem = nameProblem(name);
    if (problem) {
      setError(problem);
      return;
    }
    submitting.current = true;
    try {
      await onSubmit(name);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      input.current?.focus();
    } finally {
      submitting.current = false;
    }
  }

  return (
    <span className="tree-name-input">
      <input
        ref={input}
        value={value}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        onChange={(event) => {
          setValue(event.target.value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        }}
        onBlur={() => {
          // Leaving an untouched or emptied name cancels; a typed name is kept, as with Enter.
          if (!value.trim() || value.trim() === initial) {
            onCancel();
          } else if (!error) {
            void submit();
          }
        }}
        data-testid="file-name-input"
      />
      {error ? (
        <span className="tree-name-error" role="alert" data-testid="file-name-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
