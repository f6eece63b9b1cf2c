// Shared wording for every view of a race (text, HTML, SARIF): how a
// goroutine, an access and a source position are named, and the one-sentence
// explanation of why happens-before does not order the two accesses.
#pragma once

#include <string>
#include <string_view>

#include "gorace/report/race.hpp"

namespace gorace::report {

/// What `visible_controls` makes of a byte that is not part of valid UTF-8.
enum class InvalidUtf8 {
  kHexEscape,    ///< "\xNN", as a control character
  kReplacement,  ///< U+FFFD
};

/// `text` with nothing a terminal or browser would act on rather than show:
/// each byte of a C0 control character other than '\n' and '\t', of DEL and
/// of a C1 control character (U+0080..U+009F) becomes "\xNN" (two lower-case
/// hex digits); a byte that is not valid UTF-8 becomes what `invalid` says.
std::string visible_controls(std::string_view text, InvalidUtf8 invalid);

/// `path` without `prefix` when it starts with it (strip_path_prefix).
std::string strip_path(std::string_view path, std::string_view prefix);

/// True if `access` (one of race.current / race.previous) ran on the main
/// goroutine: its creation chain says so, or, with no chain, its id is 1.
bool on_main_goroutine(const Race& race, const Access& access);

/// "main goroutine", "goroutine 7", or for id 0 (outside the scheduler)
/// "main thread", "thread T3" (`thread`: Access::thread) or "thread": the
/// words after "by" in Go's report.
std::string goroutine_label(uint64_t id, bool is_main, uint64_t thread = 0);

/// "main", "goroutine 7", "the main thread", "thread T3" or "an outside
/// thread": the short form used in sentences.
std::string goroutine_short(uint64_t id, bool is_main, uint64_t thread = 0);

/// What a goroutine's creation shows when its creator ran no instrumented
/// code (no frame to show; unlike an access's stack, nothing was lost).
inline constexpr const char* kCreatedUninstrumented = "[created where no code is instrumented]";

/// "read", "write", "atomic read" or "atomic write".
std::string access_kind(const Access& access);

/// "file:line:col" ("file:line" when the column is unknown, "??" when the
/// file is); the prefix is stripped.
std::string frame_position(const Frame& frame, std::string_view strip_prefix);

/// Whether `frame` is the program's own code: neither gorace's runtime (a
/// `gor::` operation, or code in `include/gor/`) nor a system header
/// (`/usr/include/`, `/usr/lib/`, libstdc++'s `include/c++/`).
bool is_program_frame(const Frame& frame);

/// The frame of `stack` a reader looks for: the innermost program frame
/// with a position; else the innermost with a position; else null.
const Frame* program_frame(const Stack& stack);

/// The file's base name plus ":line" (e.g. "prog.cpp:12"), for sentences.
std::string short_position(const Frame& frame);

/// One sentence stating why happens-before does not order the two accesses,
/// from the creation chains and the sync events recorded before each access.
std::string explain_unordered(const Race& race);

}  // namespace gorace::report
