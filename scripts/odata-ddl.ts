// Prints the SQL of the OData model registry, for writing a migration.
import { modelDdl } from '../src/hub/odata/model/ddl.ts';

process.stdout.write(modelDdl());
