# gor_bench_race: the runtime benchmarks (bench/, target gor_bench) compiled
# with the gorace plugin, next to gor_bench in <build>/bench/, for
#   compare.py --plain <build>/bench/gor_bench --race <build>/bench/gor_bench_race
# bench/ is processed after instrument/, so the target is created by a call
# deferred to the end of the top-level directory, as a copy of gor_bench's
# sources and usage requirements.
include_guard(GLOBAL)

function(gorace_add_bench_race)
  if(NOT TARGET gor_bench OR TARGET gor_bench_race OR NOT COMMAND gorace_instrument)
    return()
  endif()
  get_target_property(sources gor_bench SOURCES)
  get_target_property(source_dir gor_bench SOURCE_DIR)
  set(absolute_sources "")
  foreach(source IN LISTS sources)
    if(NOT IS_ABSOLUTE "${source}")
      set(source "${source_dir}/${source}")
    endif()
    list(APPEND absolute_sources "${source}")
  endforeach()
  add_executable(gor_bench_race ${absolute_sources})
  foreach(property INCLUDE_DIRECTORIES COMPILE_DEFINITIONS COMPILE_OPTIONS COMPILE_FEATURES
                   LINK_LIBRARIES LINK_OPTIONS CXX_STANDARD)
    get_target_property(value gor_bench ${property})
    if(value)
      set_property(TARGET gor_bench_race PROPERTY ${property} "${value}")
    endif()
  endforeach()
  set_target_properties(gor_bench_race PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bench" EXCLUDE_FROM_ALL OFF)
  gorace_instrument(gor_bench_race)
endfunction()

if(GORACE_BUILD_BENCH)
  cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL gorace_add_bench_race)
endif()
