// SignalR reports a server-side HubException as "An unexpected error occurred invoking 'X' on the server.
// HubException: <message>"; people should see only the message.
export function hubErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const marker = 'HubException: ';
  const at = text.lastIndexOf(marker);
  if (at >= 0) {
    return text.slice(at + marker.length).trim();
  }
  return text.replace(/^Error: /, '');
}
