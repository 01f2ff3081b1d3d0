import type { TeamRole } from '../net/types';

/** A role as the app shows it ("Owner"); the API writes it in lower case ("owner"). */
export function roleLabel(role: TeamRole): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
