// GFM footnotes come out of remark-rehype with English labels ("Footnotes", "Back to reference 1").
// remark-rehype takes one static label for the whole site, so we relabel per file: Russian
// articles live under src/content/posts/ru/.
const LABELS = {
  ru: { heading: 'Примечания', back: (n) => `Вернуться к ссылке ${n}` },
  en: { heading: 'Notes', back: (n) => `Back to reference ${n}` },
};

function walk(node, visit) {
  visit(node);
  if (node.children) for (const child of node.children) walk(child, visit);
}

function textOf(node) {
  if (node.type === 'text') return node.value;
  return (node.children ?? []).map(textOf).join('');
}

export function rehypeLocalizeFootnotes() {
  return (tree, file) => {
    const path = String(file.path ?? file.history?.[0] ?? '');
    const lang = /[\\/]posts[\\/]ru[\\/]/.test(path) ? 'ru' : 'en';
    const labels = LABELS[lang];
    walk(tree, (node) => {
      if (node.type !== 'element') return;
      if (node.properties?.id === 'footnote-label') {
        node.children = [{ type: 'text', value: labels.heading }];
      }
      const cls = node.properties?.className;
      if (Array.isArray(cls) && cls.includes('data-footnote-backref')) {
        const n = (node.properties.href ?? '').toString().replace(/^.*fnref-?/, '').replace(/-\d+$/, '') || textOf(node);
        node.properties.ariaLabel = labels.back(n);
      }
    });
  };
}
