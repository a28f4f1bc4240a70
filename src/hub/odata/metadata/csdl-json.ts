/**
 * `$metadata` as CSDL JSON (OData CSDL JSON Representation 4.01 §4–§8, §13, §14),
 * served on `$format=json` or `Accept: application/json`. Defaults of the
 * format are left out as the spec intends: `$Type` Edm.String, `$Nullable` false.
 */
import type { EntitySetDefinition } from '../model/entity-set.ts';
import { ENTITY_SETS, findEntitySet } from '../model/registry.ts';
import { CONTAINER, CORE_VOCABULARY, CSDL_VERSION, NAMESPACE } from './namespace.ts';

type Json = Record<string, unknown>;

function entityType(set: EntitySetDefinition): Json {
  const type: Json = { $Kind: 'EntityType', ...(set.open ? { $OpenType: true } : {}), $Key: ['id'] };
  for (const prop of set.properties) {
    type[prop.name] = {
      ...(prop.collection ? { $Collection: true } : {}),
      ...(prop.type === 'Edm.String' ? {} : { $Type: prop.type }),
      ...(prop.nullable ? { $Nullable: true } : {}),
      '@Core.Description': prop.values ? `${prop.description} One of: ${prop.values.join(', ')}.` : prop.description,
    };
  }
  for (const nav of set.navigation) {
    const target = `${NAMESPACE}.${findEntitySet(nav.target)!.type}`;
    type[nav.name] = nav.kind === 'one' ? { $Kind: 'NavigationProperty', $Type: target, $Nullable: true } : { $Kind: 'NavigationProperty', $Collection: true, $Type: target };
  }
  type['@Core.Description'] = set.description;
  return type;
}

export function csdlJson(): Json {
  const schema: Json = {};
  for (const set of ENTITY_SETS) schema[set.type] = entityType(set);
  const container: Json = { $Kind: 'EntityContainer' };
  for (const set of ENTITY_SETS) {
    container[set.name] = {
      $Collection: true,
      $Type: `${NAMESPACE}.${set.type}`,
      ...(set.navigation.length ? { $NavigationPropertyBinding: Object.fromEntries(set.navigation.map((n) => [n.name, n.target])) } : {}),
    };
  }
  schema[CONTAINER] = container;
  return {
    $Version: CSDL_VERSION,
    $EntityContainer: `${NAMESPACE}.${CONTAINER}`,
    $Reference: { [CORE_VOCABULARY]: { $Include: [{ $Namespace: 'Org.OData.Core.V1', $Alias: 'Core' }] } },
    [NAMESPACE]: schema,
  };
}
