// A TypeDoc plugin for `pnpm docs`: names each entry point of a package by its import specifier.
//
// TypeDoc names the entry points of a package with several exports by their subpath ("abi",
// "units") and the main one "" (an empty name). This names them `@neurite/core`,
// `@neurite/core/abi`, `@neurite/core/units`: what users write in `import ... from`.
// (TypeDoc runs outside the workspace's dependencies, so this file imports nothing from it.)

const MODULE = 0x2; // ReflectionKind.Module

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(app.converter.constructor.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    const modules = (project.children ?? []).filter((c) => c.kind === MODULE);
    if (modules.length === 0 || !project.packageName) return;
    for (const m of modules) m.name = m.name ? `${project.packageName}/${m.name}` : project.packageName;
  });
}
