// Splits an error from a form submission into messages under the fields it names and one for the whole form.
import { ApiError, fieldKey } from '../net/problem';

export interface FormErrors {
  fields: Partial<Record<string, string>>;
  form?: string;
}

export const noFormErrors: FormErrors = { fields: {} };

export function formErrors(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  }
  const fields: Partial<Record<string, string>> = {};
  for (const name of fieldNames) {
    const messages = error.errorsFor(name);
    if (messages.length > 0) {
      fields[name] = messages.join(' ');
    }
  }
  const known = new Set(fieldNames.map(fieldKey));
  const unmatched = Object.entries(error.fieldErrors)
    .filter(([key]) => !known.has(key))
    .flatMap(([, messages]) => messages);

  if (Object.keys(fields).length === 0) {
    return { fields, form: error.message };
  }
  // A validation detail only sums up the field errors, which are shown under their fields already.
  return { fields, form: unmatched.length > 0 ? unmatched.join(' ') : undefined };
}
