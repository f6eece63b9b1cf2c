# gor_bench_race and gor_scaling_race: the runtime benchmarks (bench/,
# targets gor_bench and gor_scaling) compiled with the gorace plugin, next
# to the plain ones in <build>/bench/, for
#   compare.py --plain <build>/bench/gor_bench --race <build>/bench/gor_bench_race
#   bench/scaling/run.py
# bench/ is processed after instrument/, so the target is created by a call
# deferred to the end of the top-level directory, as a copy of gor_bench's
# sources and usage requirements.
include_guard(GLOBAL)

# `race` as a copy of target `plain` (its sources and usage requirements),
# compiled with the plugin, in <build>/bench/.
function(gorace_add_race_copy plain race)
  if(NOT TARGET ${plain} OR TARGET ${race} OR NOT COMMAND gorace_instrument)
    return()
  endif()
  get_target_property(sources ${plain} SOURCES)
  get_target_property(source_dir ${plain} SOURCE_DIR)
  set(absolute_sources "")
  foreach(source IN LISTS sources)
    if(NOT IS_ABSOLUTE "${source}")
      set(source "${source_dir}/${source}")
    endif()
    list(APPEND absolute_sources "${source}")
  endforeach()
  add_executable(${race} ${absolute_sources})
  foreach(property INCLUDE_DIRECTORIES COMPILE_DEFINITIONS COMPILE_OPTIONS COMPILE_FEATURES
                   LINK_LIBRARIES LINK_OPTIONS CXX_STANDARD)
    get_target_property(value ${plain} ${property})
    if(value)
      set_property(TARGET ${race} PROPERTY ${property} "${value}")
    endif()
  endforeach()
  set_target_properties(${race} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bench" EXCLUDE_FROM_ALL OFF)
  gorace_instrument(${race})
endfunction()

function(gorace_add_bench_race)
  gorace_add_race_copy(gor_bench gor_bench_race)
  gorace_add_race_copy(gor_scaling gor_scaling_race)
endfunction()

if(GORACE_BUILD_BENCH)
  cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL gorace_add_bench_race)
endif()
