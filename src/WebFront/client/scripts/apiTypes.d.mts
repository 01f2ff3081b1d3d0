// Types of scripts/apiTypes.mjs for src/net/apiTypes.test.ts.
export function generateApiTypes(): Promise<string>;
export function checkedInApiTypes(): Promise<string>;
