// The load tool's process: autocannon driven programmatically, so that a run can rotate over
// several paths (every request a different resource). Prints autocannon's JSON summary.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const { paths, ...rest } = options;
let next = 0;
const requests = paths ? [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }] : undefined;
const result = await autocannon({ ...rest, ...(requests ? { requests } : {}) });
process.stdout.write(JSON.stringify(result));
