// Where the plugin's shared object lives.
#ifndef GORACE_INSTRUMENT_PLUGIN_LOCATION_HPP_
#define GORACE_INSTRUMENT_PLUGIN_LOCATION_HPP_

#include <string>

namespace gorace::instrument {

// The path of the loaded libgorace.so, or empty if unknown.
std::string plugin_path();

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_PLUGIN_LOCATION_HPP_
