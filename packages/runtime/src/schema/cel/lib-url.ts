/**
 * Kubernetes' URL library: url(), isURL(), getScheme(), getHost(), getHostname(), getPort(),
 * getEscapedPath(), getQuery(). Kubernetes checks with Go's url.ParseRequestURI (an absolute URL or
 * an absolute path) and reads the parts with url.Parse; WHATWG's URL (Node's) normalises and accepts
 * other strings, so Go's rules are written out here, for the parts these functions read.
 */
import type { CelFunc } from '@bufbuild/cel';
import { cel } from '../libraries.js';
import { objectKind } from './objects.js';

export interface ParsedUrl {
  scheme: string;
  /** Host as written, port included (IPv6 in brackets); empty without an authority. */
  host: string;
  /** The path as written (escaped); empty for an opaque URL. */
  rawPath: string;
  rawQuery: string;
}

const HEX = /^[0-9a-fA-F]{2}$/;

/** Go's url unescape: every % starts a two-digit hex escape. */
function percentDecode(s: string, plusIsSpace = false): string | undefined {
  let out = '';
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!HEX.test(h)) return undefined;
      bytes.push(Number.parseInt(h, 16));
      i += 2;
      continue;
    }
    flush();
    out += plusIsSpace && c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

function scheme(raw: string): [string, string] | undefined {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') return i === 0 ? undefined : [raw.slice(0, i).toLowerCase(), raw.slice(i + 1)];
    return ['', raw];
  }
  return ['', raw];
}

/** Characters Go lets stand unescaped in a host (besides letters and digits). */
const HOST_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%]*$/;

function validHost(host: string): boolean {
  let port = '';
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return false;
    port = host.slice(end + 1);
    if (port !== '' && !/^:[0-9]*$/.test(port)) return false;
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !/^:[0-9]*$/.test(host.slice(colon))) return false;
  }
  return HOST_CHARS.test(host) && percentDecode(host) !== undefined;
}

const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/**
 * Go's url.Parse (viaRequest false) or url.ParseRequestURI (true), as far as the parts read here:
 * undefined where Go returns an error.
 */
export function parseUrl(raw: string, viaRequest: boolean): ParsedUrl | undefined {
  // Go refuses any ASCII control character in a URL.
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) < 0x20 || raw.charCodeAt(i) === 0x7f) return undefined;
  let rest = raw;
  if (!viaRequest) {
    const hash = rest.indexOf('#');
    if (hash >= 0) {
      if (percentDecode(rest.slice(hash + 1)) === undefined) return undefined;
      rest = rest.slice(0, hash);
    }
  }
  if (rest === '' && viaRequest) return undefined;
  if (rest === '*') return { scheme: '', host: '', rawPath: '*', rawQuery: '' };
  const split = scheme(rest);
  if (!split) return undefined;
  const [sch, afterScheme] = split;
  rest = afterScheme;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (sch !== '') return { scheme: sch, host: '', rawPath: '', rawQuery };
    if (viaRequest) return undefined;
    const colon = rest.indexOf(':');
    if (colon >= 0 && (rest.indexOf('/') < 0 || colon < rest.indexOf('/'))) return undefined;
  }
  let host = '';
  if ((sch !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0 && (!USERINFO.test(authority.slice(0, at)) || percentDecode(authority.slice(0, at)) === undefined)) return undefined;
    host = at >= 0 ? authority.slice(at + 1) : authority;
    if (!validHost(host)) return undefined;
  }
  if (percentDecode(rest) === undefined) return undefined;
  return { scheme: sch, host: percentDecode(host) ?? host, rawPath: rest, rawQuery };
}

/** Path characters Go keeps as written (validEncoded for a path). */
const PATH_KEPT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@[\]/%]*$/;
const PATH_UNESCAPED = /[A-Za-z0-9\-._~$&+,/:;=@]/;

function escapedPath(rawPath: string): string {
  const path = percentDecode(rawPath) ?? rawPath;
  if (PATH_KEPT.test(rawPath)) return rawPath;
  return [...Buffer.from(path, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      return b < 0x80 && PATH_UNESCAPED.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function port(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon < 0 || (host.startsWith('[') && colon < host.indexOf(']'))) return '';
  return host.slice(colon + 1);
}

/** Go's url.ParseQuery, errors skipped as Query() does: key → values in order. */
function query(rawQuery: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq < 0 ? pair : pair.slice(0, eq), true);
    const value = percentDecode(eq < 0 ? '' : pair.slice(eq + 1), true);
    if (key === undefined || value === undefined) continue;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

const URL_KIND = objectKind('kubernetes.URL');

function urlOf(v: unknown): ParsedUrl {
  const parsed = parseUrl(URL_KIND.text(v) ?? '', false);
  if (!parsed) throw new Error('URL parse error');
  return parsed;
}

export function urlFunctions(): CelFunc[] {
  const { CelScalar, celFunc, celMethod, mapType, listType } = cel();
  const { STRING, BOOL } = CelScalar;
  const urlType = URL_KIND.type();
  const part = (name: string, read: (u: ParsedUrl) => string) =>
    celMethod(name, urlType, [], STRING, function () {
      return read(urlOf(this));
    });
  return [
    celFunc('url', [STRING], urlType, (s) => {
      if (!parseUrl(s, true) || !parseUrl(s, false)) throw new Error(`URL parse error during conversion from string: ${JSON.stringify(s)}`);
      return URL_KIND.make(s);
    }),
    celFunc('isURL', [STRING], BOOL, (s) => parseUrl(s, true) !== undefined),
    part('getScheme', (u) => u.scheme),
    part('getHost', (u) => u.host),
    part('getHostname', (u) => hostname(u.host)),
    part('getPort', (u) => port(u.host)),
    part('getEscapedPath', (u) => escapedPath(u.rawPath)),
    celMethod('getQuery', urlType, [], mapType(STRING, listType(STRING)), function () {
      return query(urlOf(this).rawQuery);
    }),
  ];
}
