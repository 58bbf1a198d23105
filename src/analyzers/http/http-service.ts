/**
 * The HTTP options of a pipeline, bound to its event bus when http.log is registered, so the
 * analyzers created per connection read the configured limits (defaults otherwise).
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from './http-options.js';

const bound = new WeakMap<EventBus<CoreEvents>, HttpOptions>();

export function bindHttpOptions(events: EventBus<CoreEvents>, options: HttpOptions): void {
  bound.set(events, options);
}

export function httpOptionsFor(events: EventBus<CoreEvents>): HttpOptions {
  return bound.get(events) ?? DEFAULT_HTTP_OPTIONS;
}
