# Installs this build into a scratch prefix, builds the user project of this
# directory against it with find_package(gorace), and runs it: the program
# must report its data race (exit status 66).
# usage: cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DCXX=<clang++-19>
#              -DSOURCE_DIR=<this dir> -P run_package_test.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${step} failed (${status}):\n${out}")
  endif()
endfunction()
run(install ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(tool gorace gorace-report)  # the explore/replay driver and the report tool
  if(NOT EXISTS "${prefix}/bin/${tool}")
    message(FATAL_ERROR "cmake --install did not install bin/${tool}")
  endif()
endforeach()
run(configure ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build"
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(build ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
execute_process(COMMAND "${WORK_DIR}/build/app" RESULT_VARIABLE status ERROR_VARIABLE err
                OUTPUT_VARIABLE out)
if(NOT status EQUAL 66 OR NOT err MATCHES "WARNING: DATA RACE")
  message(FATAL_ERROR "app: exit status ${status}, expected 66 with a race report:\n${out}${err}")
endif()
message(STATUS "ok: installed package builds an instrumented program that reports its race")
