/** The storage conformance suite against PGlite (in memory, from the migrated template). */
import { storeConformance } from "./testing/store.case.test.js";
import { pgliteFactory } from "./testing/factories.js";

storeConformance("PGlite", pgliteFactory);
