// Prints the tables of the OData model registry as SQL: the schema that every
// migration applied in order must produce (registry.test.ts holds them equal).
// A change to the registry needs a migration that makes the migrated schema
// match this output again; for a new entity set, its statements here are that
// migration. docs/architecture.md ("Changing the OData model") says more.
import { modelDdl } from '../src/hub/odata/model/ddl.ts';

process.stdout.write(modelDdl());
