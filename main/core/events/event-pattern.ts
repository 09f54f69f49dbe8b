// What a subscription pattern means: one type, a `prefix.*` family, or `*`.
// Checked at subscribe time so a typo fails loudly instead of never matching.
import { EVENT_TYPES, isEventType, type EventType } from '../../../shared/events';
import type { EventPattern } from './event-bus-port';

export type PatternMatcher = (type: EventType) => boolean;

export function compilePattern(pattern: EventPattern): PatternMatcher {
  if (pattern === '*') return () => true;
  if (isEventType(pattern)) return (type) => type === pattern;
  if (typeof pattern === 'string' && pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1); // keep the dot: `download.` must not match `downloads.x`
    const matcher: PatternMatcher = (type) => type.startsWith(prefix);
    if (prefix.length > 1 && EVENT_TYPES.some(matcher)) return matcher;
    throw new TypeError(`Event pattern "${pattern}" matches no known event type`);
  }
  throw new TypeError(`Unknown event type or pattern: ${JSON.stringify(pattern)}`);
}
