/**
 * `$metadata` as CSDL XML (OData CSDL XML Representation 4.0), the default
 * format: Power BI and Excel accept only this one.
 */
import { escapeHtml as escapeXml } from '../../../platform/http/html.ts';
import type { EntitySetDefinition } from '../model/entity-set.ts';
import type { NavigationDefinition } from '../model/navigation.ts';
import type { PropertyDefinition } from '../model/property.ts';
import { ENTITY_SETS, findEntitySet } from '../model/registry.ts';
import { CONTAINER, CORE_VOCABULARY, CSDL_VERSION, NAMESPACE } from './namespace.ts';

const description = (text: string, indent: string) => `${indent}<Annotation Term="Core.Description" String="${escapeXml(text)}"/>`;

function property(prop: PropertyDefinition): string {
  const type = prop.collection ? `Collection(${prop.type})` : prop.type;
  const allowed = prop.values ? ` One of: ${prop.values.join(', ')}.` : '';
  return `        <Property Name="${prop.name}" Type="${type}" Nullable="${prop.nullable}">\n${description(prop.description + allowed, '          ')}\n        </Property>`;
}

function navigation(nav: NavigationDefinition): string {
  const target = `${NAMESPACE}.${findEntitySet(nav.target)!.type}`;
  return nav.kind === 'one'
    ? `        <NavigationProperty Name="${nav.name}" Type="${target}" Nullable="true"/>`
    : `        <NavigationProperty Name="${nav.name}" Type="Collection(${target})"/>`;
}

function entityType(set: EntitySetDefinition): string {
  return [
    `      <EntityType Name="${set.type}"${set.open ? ' OpenType="true"' : ''}>`,
    '        <Key><PropertyRef Name="id"/></Key>',
    ...set.properties.map(property),
    ...set.navigation.map(navigation),
    description(set.description, '        '),
    '      </EntityType>',
  ].join('\n');
}

function entitySet(set: EntitySetDefinition): string {
  const bindings = set.navigation.map((n) => `          <NavigationPropertyBinding Path="${n.name}" Target="${n.target}"/>`);
  return [`        <EntitySet Name="${set.name}" EntityType="${NAMESPACE}.${set.type}">`, ...bindings, '        </EntitySet>'].join('\n');
}

export function csdlXml(): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<edmx:Edmx Version="${CSDL_VERSION}" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">`,
    `  <edmx:Reference Uri="${CORE_VOCABULARY}">`,
    '    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>',
    '  </edmx:Reference>',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...ENTITY_SETS.map(entityType),
    `      <EntityContainer Name="${CONTAINER}">`,
    ...ENTITY_SETS.map(entitySet),
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
