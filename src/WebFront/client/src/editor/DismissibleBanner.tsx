import { useState } from 'react';

interface DismissibleBannerProps {
  kind: 'error' | 'info';
  /** What to say; nothing shows without it. A new message shows again after an earlier one was dismissed. */
  message: string | undefined;
  testId: string;
}

/** A message above the editor that its reader can put away. */
export function DismissibleBanner({ kind, message, testId }: DismissibleBannerProps) {
  const [dismissed, setDismissed] = useState<string>();
  if (!message || message === dismissed) {
    return null;
  }
  return (
    <div className={`editor-banner editor-banner-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span>{message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setDismissed(message)}>
        ×
      </button>
    </div>
  );
}
