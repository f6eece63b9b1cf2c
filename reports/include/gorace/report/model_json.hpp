// The JSON Lines form of the race model (reports/SCHEMA.md): one run record,
// then one race record per unique race. These functions map the model to and
// from json::Value; they are the only place that knows the field names.
#pragma once

#include <string>

#include "gorace/report/json.hpp"
#include "gorace/report/race.hpp"

namespace gorace::report {

/// The schema version written into every record ("version").
inline constexpr int kLogSchemaVersion = 1;

/// The run record: {"type":"run","version":1,...}.
json::Value run_to_json(const RunInfo& run);

/// The race record: {"type":"race","version":1,"fingerprint":...,"count":...}.
/// `fp` is the race's fingerprint (see writers.hpp fingerprint()).
json::Value race_to_json(const Race& race, const std::string& fp);

/// Parses a run record's fields. Throws json::Error naming the field path
/// (e.g. "args[2]: expected a string, found a number").
RunInfo run_from_json(const json::Value& v);

/// Parses a race record's fields (the fingerprint is recomputed by callers,
/// never trusted). Throws json::Error naming the field path.
Race race_from_json(const json::Value& v);

/// "0x" followed by at least 12 lower-case hex digits (Go's address format).
std::string hex_address(uint64_t address);

}  // namespace gorace::report
