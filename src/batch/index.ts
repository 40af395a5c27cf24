/**
 * @module batch
 * Streaming batch input and output: read JSON Lines or CSV records one at a time (bad records become
 * error items, unreadable inputs throw), write results as JSON Lines or CSV with backpressure, and
 * report progress on a terminal.
 */
export {
  BatchInputError,
  type BatchInputErrorCode,
  type BatchItemError,
  type BatchItemErrorCode,
} from "./errors.js";
export { LineSplitter, type Line } from "./lines.js";
export { createProgress, inputSize, type Progress, type ProgressOptions } from "./progress.js";
export {
  DEFAULT_MAX_LINE_BYTES,
  readRecords,
  type BatchFormat,
  type BatchItem,
  type ReadOptions,
  type ReadProgress,
} from "./read.js";
export {
  createCsvWriter,
  createJsonlWriter,
  flattenRecord,
  type CsvRecordWriter,
  type CsvWriterOptions,
  type RecordWriter,
  type WriterOptions,
} from "./write.js";
export { runCheck, type CheckOptions, type CheckSummary, type RejectedLine } from "./check.js";
