// Python files imported as text by the integration bundles (esbuild's text loader): real model sources to open in an editor.
declare module '*.py' {
  const text: string;
  export default text;
}
