/**
 * What a resource's URN says: `urn:pulumi:<stack>::<project>::<type>::<name>` (the type may
 * carry parents' types joined by `$`).
 */

/** A resource's project, stack and name. */
export interface UrnParts {
  project: string;
  stack: string;
  name: string;
}

/**
 * Splits a URN.
 *
 * @returns `undefined` when `urn` is not a Pulumi URN.
 */
export function parseUrn(urn: string): UrnParts | undefined {
  const match = /^urn:pulumi:(.*?)::(.*?)::(.*?)::(.*)$/.exec(urn);
  if (!match) return undefined;
  return { stack: match[1], project: match[2], name: match[4] };
}

/**
 * The SessionId scope the dynamic resource gives a bot (`project/stack/name`, resource.ts), so
 * that a native bot's derived SessionId is unique per stack in the same way.
 */
export function sessionScopeOf(urn: string): string | undefined {
  const parts = parseUrn(urn);
  return parts ? `${parts.project}/${parts.stack}/${parts.name}` : undefined;
}
