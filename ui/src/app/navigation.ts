/** The current route from the window's hash, and a way to go to another one. */

import { useEffect, useState } from "react";

import { parseRoute, routeHref, type Route } from "./route";

export function navigate(route: Route): void {
  const href = routeHref(route);
  if (window.location.hash !== href) {
    window.location.hash = href;
  }
}

export function useRoute(): { route: Route; hash: string } {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return { route: parseRoute(hash), hash };
}
