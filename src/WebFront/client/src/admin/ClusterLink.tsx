import type { MouseEvent } from 'react';
import { api } from '../net/api';
import { toast } from '../ui/toasts';

/**
 * Opens Orleans' cluster dashboard (/admin/cluster/) in a new tab. A page navigation carries no access token, so the
 * server first sets a short-lived HttpOnly cookie scoped to the dashboard; the tab is opened before that call, while
 * the click still counts as the user's, and pointed at the dashboard once the cookie is set.
 */
export function ClusterLink() {
  const open = async (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const tab = window.open('', '_blank');
    try {
      const session = await api.admin.openClusterDashboard();
      if (tab) {
        tab.opener = null;
        tab.location.href = session.url;
      } else {
        window.location.assign(session.url);
      }
    } catch (error) {
      tab?.close();
      toast.error(error);
    }
  };
  return (
    <a href="/admin/cluster/" onClick={open} data-testid="admin-tab-cluster" title="Orleans' dashboard of the cluster's silos and grains, in a new tab">
      Cluster ↗
    </a>
  );
}
