import { describe, expect, it } from 'vitest';
import { checkedInApiTypes, generateApiTypes } from '../../scripts/apiTypes.mjs';

describe('apiTypes.gen.ts', () => {
  it('is what openapi-typescript makes of openapi.json (else run npm run api:types and commit it)', async () => {
    expect(await checkedInApiTypes()).toBe(await generateApiTypes());
  });
});
