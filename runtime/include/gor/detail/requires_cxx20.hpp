// gorace's headers are C++20 (std::source_location, concepts, span): a
// clear error for an older -std, before the first C++20 construct fails.
#pragma once

#if __cplusplus < 202002L
#error "gorace's headers need C++20: compile with -std=c++20 (or later)"
#endif
