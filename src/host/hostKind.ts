// Which extension host runs the (single) extension bundle: the Node host or the browser's web worker host.

/** 'node' when Node's `process.versions.node` is there (the Node extension host), else 'browser' (a web worker). */
export function hostKind(): 'node' | 'browser' {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string' ? 'node' : 'browser';
}
