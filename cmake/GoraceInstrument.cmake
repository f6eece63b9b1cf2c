# gorace_instrument(<target>...): builds the targets with race detection, in this
# build tree: its sources are compiled with the gorace Clang plugin
# (-fplugin=<build>/instrument/libgorace.so) and it links the runtime.
# Sources recompile when the plugin changes. (Installed packages get the
# same function from goraceConfig.cmake.)
include_guard(GLOBAL)

function(gorace_instrument)
  if(NOT TARGET gorace_plugin)
    message(FATAL_ERROR "gorace_instrument(${ARGN}): the gorace plugin is not built "
                        "(GORACE_BUILD_PLUGIN=OFF or LLVM/Clang 19 development files missing)")
  endif()
  foreach(target IN LISTS ARGN)
    if(NOT TARGET ${target})
      message(FATAL_ERROR "gorace_instrument: '${target}' is not a target")
    endif()
    # C sources too only when C compiles with clang (the project's own are C++).
    target_compile_options(${target} PRIVATE
                           "$<$<COMPILE_LANGUAGE:CXX>:-fplugin=$<TARGET_FILE:gorace_plugin>>")
    if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
      target_compile_options(${target} PRIVATE
                             "$<$<COMPILE_LANGUAGE:C>:-fplugin=$<TARGET_FILE:gorace_plugin>>")
    endif()
    add_dependencies(${target} gorace_plugin)
    get_target_property(_type ${target} TYPE)
    if(NOT _type STREQUAL "OBJECT_LIBRARY" AND NOT _type STREQUAL "INTERFACE_LIBRARY")
      target_link_libraries(${target} PRIVATE gorace::runtime)
    endif()
    # A changed plugin changes the code it generates.
    get_target_property(_sources ${target} SOURCES)
    get_target_property(_source_dir ${target} SOURCE_DIR)
    foreach(_source IN LISTS _sources)
      if(_source MATCHES "\\.(c|cc|cpp|cxx|C)$")
        set_property(SOURCE ${_source} DIRECTORY ${_source_dir} APPEND PROPERTY OBJECT_DEPENDS
                     "${GORACE_PLUGIN_PATH}")
      endif()
    endforeach()
  endforeach()
endfunction()
