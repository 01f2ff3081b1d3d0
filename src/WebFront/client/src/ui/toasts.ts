// Notifications shown in the corner: a tiny store so any code path (an event handler, a hook) can report an error.
import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

const visibleMs = 8_000;
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function publish(next: readonly Toast[]): void {
  toasts = next;
  for (const listener of listeners) {
    listener();
  }
}

function show(kind: Toast['kind'], message: string): void {
  const toast = { id: nextId++, kind, message };
  // The same message twice in a row (a failing poll) shows once.
  if (toasts.some((t) => t.message === message)) {
    return;
  }
  publish([...toasts, toast].slice(-4));
  setTimeout(() => dismissToast(toast.id), visibleMs);
}

export function dismissToast(id: number): void {
  publish(toasts.filter((t) => t.id !== id));
}

export const toast = {
  error: (error: unknown) => show('error', error instanceof Error ? error.message : String(error)),
  info: (message: string) => show('info', message),
};

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
}
