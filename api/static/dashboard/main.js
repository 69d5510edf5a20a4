// The entry: asks the ledger which program to show while the views' modules are still loading,
// so the first figures wait for one round trip less.

import { request } from "./graphql.js";
import { PROGRAMS } from "./queries.js";

const programs = request(PROGRAMS);
const { start } = await import("./app.js");
start(programs);
