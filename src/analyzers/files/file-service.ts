/**
 * Where analyzers find the file manager of their pipeline. The manager is bound to the
 * pipeline's event bus when files.log is registered, so several pipelines in one process
 * (tests, tools) each keep their own; an analyzer of a pipeline without the files framework
 * finds none and carries no files.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { FileManager } from './file-manager.js';

const managers = new WeakMap<EventBus<CoreEvents>, FileManager>();

export function bindFileManager(events: EventBus<CoreEvents>, manager: FileManager): void {
  managers.set(events, manager);
}

export function fileManagerFor(events: EventBus<CoreEvents>): FileManager | undefined {
  return managers.get(events);
}
