// Display math and tables may scroll sideways on a phone. A scrollable region must be reachable
// by keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"), so both get tabindex="0".
function walk(node, visit) {
  visit(node);
  if (node.children) for (const child of node.children) walk(child, visit);
}

export function rehypeFocusableScrollers() {
  return (tree) => {
    walk(tree, (node) => {
      if (node.type !== 'element') return;
      const cls = node.properties?.className;
      const isDisplayMath = Array.isArray(cls) && cls.includes('katex-display');
      if (isDisplayMath || node.tagName === 'table') node.properties.tabIndex = 0;
    });
  };
}
