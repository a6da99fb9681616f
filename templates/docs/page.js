// The API reference page (gen-operator docs): reads the JSON block, lists the kinds, and builds each
// kind's field tree as its branches are opened; the search box filters by field name (or, with a
// `.` or `[`, by path) and opens the branches that lead to each match. Every text from the data is
// put in with text nodes and setAttribute, never as HTML.

(() => {
  const NAME = 0;
  const STEP = 1;
  const PARENT = 2;
  const TYPE = 3;
  const REQUIRED = 4;
  const DESCRIPTION = 5;
  const FACTS = 6;
  /** Longer paths keep their end, as in the Markdown pages (MAX_PATH in emit/docs/fields.ts). */
  const MAX_PATH = 300;
  const elide = (path) => (path.length > MAX_PATH ? `…${path.slice(-(MAX_PATH - 1))}` : path);
  /** While searching, at most this many matches are drawn (with their parents); the status line says so. */
  const MAX_SHOWN = 500;

  const { kinds, strings } = JSON.parse(document.getElementById('docs-data').textContent);
  const nav = document.getElementById('kinds');
  const main = document.getElementById('kind');
  const search = document.getElementById('search');
  const status = document.getElementById('status');
  const state = { kind: 0, version: 0, query: '' };

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  const servedVersions = (kind) => kind.versions.filter((v) => v.served);

  const indexes = new WeakMap();
  /** Children per field, top-level fields, and lower-cased names and paths: built once per field list. */
  function indexOf(fields) {
    let index = indexes.get(fields);
    if (!index) {
      const top = [];
      const children = fields.map(() => []);
      const paths = [];
      fields.forEach((f, i) => {
        (f[PARENT] < 0 ? top : children[f[PARENT]]).push(i);
        // Parents come first, so the parent's path is known: the data keeps only each step.
        const step = f[STEP] || (f[PARENT] < 0 ? f[NAME] : `.${f[NAME]}`);
        paths.push(elide(f[PARENT] < 0 ? step : paths[f[PARENT]] + step));
      });
      index = { top, children, paths, names: fields.map((f) => f[NAME].toLowerCase()), lowerPaths: paths.map((p) => p.toLowerCase()) };
      indexes.set(fields, index);
    }
    return index;
  }

  /** The indexes of the fields that match the query: by name, or by path when the query has a `.` or `[`. */
  function matches(fields, query) {
    const index = indexOf(fields);
    const haystack = /[.[]/.test(query) ? index.lowerPaths : index.names;
    const found = [];
    for (let i = 0; i < haystack.length; i++) if (haystack[i].includes(query)) found.push(i);
    return found;
  }

  /** Text with each occurrence of the query in a <mark>. */
  function highlighted(text, query) {
    if (!query) return [text];
    const parts = [];
    const lower = text.toLowerCase();
    let at = 0;
    for (let i = lower.indexOf(query); i >= 0 && query; i = lower.indexOf(query, at)) {
      parts.push(text.slice(at, i), el('mark', {}, text.slice(i, i + query.length)));
      at = i + query.length;
    }
    parts.push(text.slice(at));
    return parts;
  }

  function factItem(fact) {
    const [label, code, text] = fact;
    const item = el('li', {}, el('span', { class: 'label' }, label));
    if (code.length || text) item.append(': ');
    code.forEach((value, i) => {
      if (i > 0) item.append(', ');
      item.append(el('code', {}, value));
    });
    if (text) item.append(code.length ? ` — ${text}` : text);
    return item;
  }

  /**
   * One field as a list item. A field with children is a <details> whose children are drawn when
   * it is first opened; while searching (`filter`), the branches leading to matches are drawn open.
   */
  function fieldItem(fields, i, filter) {
    const field = fields[i];
    const index = indexOf(fields);
    const query = filter?.matched.has(i) && !filter.byPath ? filter.query : '';
    const line = [
      el('span', { class: 'name' }, ...highlighted(field[NAME], query)),
      el('span', { class: 'type' }, field[TYPE]),
      field[REQUIRED] ? el('span', { class: 'required' }, 'required') : null,
    ];
    const body = el('div', { class: 'body' });
    if (field[DESCRIPTION] >= 0) body.append(el('p', { class: 'description' }, strings[field[DESCRIPTION]]));
    if (field[FACTS].length) body.append(el('ul', { class: 'facts' }, ...field[FACTS].map(factItem)));
    const item = el('li', { class: 'field', 'data-path': index.paths[i], title: index.paths[i] });
    if (filter?.matched.has(i)) item.classList.add('match');
    const children = index.children[i];
    if (children.length === 0) {
      item.append(el('div', { class: 'leaf' }, ...line), body);
      return item;
    }
    const list = el('ul', { class: 'children' });
    const details = el('details', {}, el('summary', {}, ...line), body, list);
    const shown = filter ? children.filter((c) => filter.shown.has(c)) : [];
    if (shown.length) {
      details.open = true;
      for (const c of shown) list.append(fieldItem(fields, c, filter));
    } else {
      details.addEventListener('toggle', () => {
        if (details.open && !list.hasChildNodes()) for (const c of children) list.append(fieldItem(fields, c));
      });
    }
    item.append(details);
    return item;
  }

  function tree(fields, filter) {
    const index = indexOf(fields);
    const top = filter ? index.top.filter((i) => filter.shown.has(i)) : index.top;
    return el('ul', { class: 'tree' }, ...top.map((i) => fieldItem(fields, i, filter)));
  }

  /** The matches to draw (the first MAX_SHOWN) and every field on their way from the root. */
  function searchFilter(fields, query) {
    const found = matches(fields, query);
    const matched = new Set(found.slice(0, MAX_SHOWN));
    const shown = new Set();
    for (const i of matched) for (let at = i; at >= 0 && !shown.has(at); at = fields[at][PARENT]) shown.add(at);
    return { query, byPath: /[.[]/.test(query), matched, shown, total: found.length };
  }

  function factsTable(kind) {
    const rows = [
      ['group', kind.group],
      ['kind, list kind', `${kind.kind}, ${kind.listKind}`],
      ['plural, singular', `${kind.plural}, ${kind.singular}`],
      ['scope', kind.scope],
      ['short names', kind.shortNames.join(', ')],
      ['categories', kind.categories.join(', ')],
      ['CRD', kind.name],
      ['from', kind.source],
    ].filter(([, value]) => value);
    return el('table', { class: 'facts-table' }, ...rows.map(([label, value]) => el('tr', {}, el('td', {}, label), el('td', {}, value))));
  }

  /** The `kubectl get` columns of a version. */
  function columnsTable(columns) {
    const head = el('tr', {}, ...['kubectl get column', 'type', 'JSON path', 'description'].map((h) => el('th', {}, h)));
    const rows = columns.map((c) =>
      el('tr', {}, el('td', {}, c.name), el('td', {}, c.type), el('td', {}, el('code', {}, c.jsonPath)), el('td', {}, c.description || '')),
    );
    return el('table', { class: 'facts-table' }, head, ...rows);
  }

  /** The served versions side by side: a row per field that one lacks (—) or types or constrains otherwise. */
  function differencesTable(kind, served) {
    const head = el('tr', {}, el('th', {}, 'field'), ...served.map((v) => el('th', {}, v.name)));
    const rows = kind.differences.map((d) =>
      el('tr', {}, el('td', {}, el('code', {}, d.path)), ...d.cells.map((c) => el('td', {}, c === null || c === undefined ? '—' : c))),
    );
    const count = kind.differenceCount;
    const more = count > kind.differences.length ? `, the first ${kind.differences.length} here` : '';
    return el(
      'details',
      { class: 'differences' },
      el('summary', {}, `${count} field${count === 1 ? '' : 's'} differ between the served versions${more}`),
      el('table', { class: 'facts-table' }, head, ...rows),
    );
  }

  function showKind() {
    const kind = kinds[state.kind];
    const served = servedVersions(kind);
    const version = served[state.version] || served[0];
    main.replaceChildren();
    if (!kind) return;
    const preferred = kind.versions.find((v) => v.name === kind.preferredVersion);
    main.append(el('h2', {}, kind.kind));
    if (preferred?.description) main.append(el('p', { class: 'description' }, preferred.description));
    main.append(factsTable(kind), el('p', {}, el('a', { href: kind.page }, 'Markdown page'), ' (the same, with versions side by side)'));
    const buttons = served.map((v, i) => {
      const label = [v.name, v.storage && 'storage', v.deprecated && 'deprecated'].filter(Boolean).join(' · ');
      const button = el('button', { type: 'button', 'aria-pressed': String(v === version), 'data-version': v.name }, label);
      button.addEventListener('click', () => {
        state.version = i;
        showKind();
      });
      return button;
    });
    main.append(el('div', { class: 'versions', role: 'group', 'aria-label': 'Versions' }, ...buttons));
    const unserved = kind.versions.filter((v) => !v.served).map((v) => v.name);
    if (unserved.length) main.append(el('p', { class: 'note' }, `Not served: ${unserved.join(', ')}`));
    if (kind.differenceCount) main.append(differencesTable(kind, served));
    if (!version) return;
    if (version.deprecationWarning) main.append(el('p', { class: 'note' }, `Deprecated: ${version.deprecationWarning}`));
    if (version.sameAs) main.append(el('p', { class: 'note' }, `The same schema as ${version.sameAs}.`));
    const owner = version.sameAs ? kind.versions.find((v) => v.name === version.sameAs) : version;
    if (owner.printerColumns.length) main.append(columnsTable(owner.printerColumns));
    if (owner.objectFacts.length)
      main.append(el('p', {}, 'The object as a whole:'), el('ul', { class: 'facts' }, ...owner.objectFacts.map(factItem)));
    const fields = owner.fields;
    if (!state.query) {
      main.append(tree(fields));
      status.textContent = '';
      return;
    }
    const filter = searchFilter(fields, state.query);
    main.append(tree(fields, filter));
    const more = filter.total > MAX_SHOWN ? `, showing the first ${MAX_SHOWN}` : '';
    const where = nav.querySelectorAll('a:not([hidden])').length;
    status.textContent = `${filter.total} match${filter.total === 1 ? '' : 'es'} in ${kind.kind} ${version.name}${more}; ${where} kind${where === 1 ? '' : 's'} with matches`;
  }

  const links = [];
  function showNav() {
    let group;
    kinds.forEach((kind, i) => {
      if (kind.group !== group) {
        group = kind.group;
        nav.append(el('h2', {}, group));
      }
      const link = el('a', { href: `#${encodeURIComponent(`${kind.group}/${kind.kind}`)}` }, kind.kind, el('span', { class: 'count' }));
      link.dataset.index = String(i);
      links.push(link);
      nav.append(link);
    });
  }

  /** Each kind's count of matching fields (all its served versions); kinds without any are hidden. */
  function filterNav() {
    for (const [i, link] of links.entries()) {
      const kind = kinds[i];
      const count = state.query
        ? Math.max(0, ...servedVersions(kind).map((v) => (v.sameAs ? 0 : matches(v.fields, state.query).length)))
        : 0;
      link.hidden = Boolean(state.query) && count === 0 && i !== state.kind;
      link.querySelector('.count').textContent = state.query ? String(count) : '';
      if (i === state.kind) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  function selectFromHash() {
    const wanted = decodeURIComponent(location.hash.slice(1));
    const i = kinds.findIndex((k) => `${k.group}/${k.kind}` === wanted);
    state.kind = Math.max(i, 0);
    state.version = 0;
    filterNav();
    showKind();
  }

  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.query = search.value.trim().toLowerCase();
      filterNav();
      showKind();
    }, 120);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });
  window.addEventListener('hashchange', selectFromHash);
  showNav();
  selectFromHash();
})();
