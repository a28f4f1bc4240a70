/**
 * The inside of `geography'...'` and `geometry'...'` literals: an SRID and a
 * well-known-text shape (OData ABNF §7). Only checked here; the compiler
 * decides whether it supports spatial values at all.
 */
import type { Scanner } from './scanner.ts';

// doubleValue = decimalValue = ["+"/"-"] 1*DIGIT [ "." 1*DIGIT ] [ "e" ["+"/"-"] 1*DIGIT ] / nanInfinity
const COORDINATE = /(?:[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NaN|-INF|INF)(?![0-9A-Za-z.])/y;

function keyword(s: Scanner, word: string): boolean {
  if (!s.startsWithIgnoreCase(word)) return false;
  s.pos += word.length;
  return true;
}

/** Reads `item` once, then again after each comma. */
function list(s: Scanner, item: () => void): void {
  item();
  while (s.peek() === ',') {
    s.pos++;
    item();
  }
}

function coordinate(s: Scanner): void {
  const found = s.match(COORDINATE);
  if (!found) s.expected('a coordinate');
  s.pos += found[0].length;
}

/** positionLiteral = doubleValue SP doubleValue [ SP doubleValue ] [ SP doubleValue ] */
function position(s: Scanner): string {
  const start = s.pos;
  coordinate(s);
  s.expect(' ', 'a space and a second coordinate');
  coordinate(s);
  for (let optional = 0; optional < 2 && s.peek() === ' ' && s.match(COORDINATE, s.pos + 1); optional++) {
    s.pos++;
    coordinate(s);
  }
  return s.text.slice(start, s.pos);
}

/** pointData = OPEN positionLiteral CLOSE */
function pointData(s: Scanner): void {
  s.expect('(');
  position(s);
  s.expect(')');
}

/** lineStringData = OPEN positionLiteral 1*( COMMA positionLiteral ) CLOSE */
function lineStringData(s: Scanner): void {
  s.expect('(');
  position(s);
  s.expect(',', "',' and a second position");
  list(s, () => position(s));
  s.expect(')', "',' or ')'");
}

/** ringLiteral = OPEN positionLiteral *( COMMA positionLiteral ) CLOSE, first and last position written alike */
function ring(s: Scanner): void {
  const open = s.pos;
  s.expect('(');
  const positions: string[] = [];
  list(s, () => positions.push(position(s)));
  s.expect(')', "',' or ')'");
  if (positions[0] !== positions.at(-1)) s.fail('a polygon ring must end with the position it starts with', open);
}

/** polygonData = OPEN ringLiteral *( COMMA ringLiteral ) CLOSE */
function polygonData(s: Scanner): void {
  s.expect('(');
  list(s, () => ring(s));
  s.expect(')', "',' or ')'");
}

/** `Multi...(` [ data *( COMMA data ) ] CLOSE */
function optionalList(s: Scanner, item: () => void): void {
  if (s.peek() !== ')') list(s, item);
  s.expect(')', "',' or ')'");
}

/**
 * geoLiteral = collectionLiteral / lineStringLiteral / multiPointLiteral / multiLineStringLiteral
 *            / multiPolygonLiteral / pointLiteral / polygonLiteral
 */
function geoLiteral(s: Scanner): void {
  const start = s.pos;
  if (keyword(s, 'GeometryCollection(')) {
    s.enter(start);
    list(s, () => geoLiteral(s));
    s.expect(')', "',' or ')'");
    s.leave();
  } else if (keyword(s, 'MultiPoint(')) optionalList(s, () => pointData(s));
  else if (keyword(s, 'MultiLineString(')) optionalList(s, () => lineStringData(s));
  else if (keyword(s, 'MultiPolygon(')) optionalList(s, () => polygonData(s));
  else if (keyword(s, 'LineString')) lineStringData(s);
  else if (keyword(s, 'Polygon')) polygonData(s);
  else if (keyword(s, 'Point')) pointData(s);
  else s.expected('Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection');
}

/**
 * fullPointLiteral = sridLiteral pointLiteral (and likewise for the other shapes)
 * sridLiteral      = "SRID" EQ 1*5DIGIT SEMI
 */
export function readSpatialLiteral(s: Scanner): void {
  if (!keyword(s, 'SRID=')) s.expected("'SRID=' and a reference system, as in SRID=4326;Point(10.7 59.9)");
  const srid = s.match(/[0-9]{1,5}(?![0-9])/y);
  if (!srid) s.expected('an SRID of one to five digits');
  s.pos += srid[0].length;
  s.expect(';', "';' after the SRID");
  geoLiteral(s);
}
