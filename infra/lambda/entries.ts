/**
 * The Lambda entry points: each handler of handlers/, unchanged, with structured logging. One file,
 * so that every function is built from the same bundle (its asset is stored once).
 */
import * as collect from '../../handlers/collect';
import * as optimize from '../../handlers/optimize';
import * as provision from '../../handlers/provision';
import * as rendezvous from '../../handlers/rendezvous';
import * as startEngine from '../../handlers/start-engine';
import * as submit from '../../handlers/submit';
import * as teardown from '../../handlers/teardown';
import * as teardownOnStop from '../../handlers/teardown-on-stop';
import { logged } from './logged';
import { queryRecord as record } from './query-record';

export const optimizeHandler = logged('Optimize', optimize.handler);
export const provisionHandler = logged('Provision', provision.handler);
export const rendezvousHandler = logged('Rendezvous', rendezvous.handler);
export const startEngineHandler = logged('StartEngine', startEngine.handler);
export const submitHandler = logged('Submit', submit.handler);
export const collectHandler = logged('Collect', collect.handler);
export const teardownHandler = logged('Teardown', teardown.handler);
export const teardownOnStopHandler = logged('TeardownOnStop', teardownOnStop.handler);
export const queryRecordHandler = logged('QueryRecord', record);
