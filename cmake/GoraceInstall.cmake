# `cmake --install` support and the find_package(gorace) package.
#
# Installed layout (<prefix> = CMAKE_INSTALL_PREFIX):
#   include/gor/...                     the runtime's public headers
#   lib/libgorace_runtime.a             ONE archive: runtime + analyzer + reports
#   lib/libgorace.so                    the Clang 19 plugin (finds include/ next to it)
#   lib/cmake/gorace/goraceConfig.cmake imported targets gorace::runtime,
#                                       gorace::plugin, function gorace_instrument()
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")

# The runtime is three archives in the build tree; users link one. Merge them
# with ar's MRI script (GNU ar and llvm-ar both read it) into
# <build>/lib/libgorace_runtime.a (what a raw link in the build tree uses) and
# install that.
set(_bundle "${PROJECT_BINARY_DIR}/lib/libgorace_runtime.a")
set(_mri "${PROJECT_BINARY_DIR}/gorace-install/bundle.mri")
file(GENERATE OUTPUT "${_mri}" CONTENT
"create ${_bundle}
addlib $<TARGET_FILE:gorace_runtime>
addlib $<TARGET_FILE:gorace_analyzer>
$<$<STREQUAL:$<TARGET_PROPERTY:gorace_reports,TYPE>,STATIC_LIBRARY>:addlib $<TARGET_FILE:gorace_reports>>
save
end
")
add_custom_command(OUTPUT "${_bundle}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${PROJECT_BINARY_DIR}/lib"
  COMMAND ${CMAKE_COMMAND} -E rm -f "${_bundle}"
  COMMAND ${CMAKE_AR} -M < "${_mri}"
  DEPENDS gorace_runtime gorace_analyzer gorace_reports "${_mri}"
  COMMENT "Bundling the runtime, analyzer and reports archives into libgorace_runtime.a"
  VERBATIM)
add_custom_target(gorace_runtime_bundle ALL DEPENDS "${_bundle}")
install(FILES "${_bundle}" DESTINATION ${CMAKE_INSTALL_LIBDIR})

if(TARGET gorace_plugin)
  install(TARGETS gorace_plugin LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/goraceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/gorace-install/goraceConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gorace
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gorace-install/goraceConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/gorace-install/goraceConfig.cmake
              ${PROJECT_BINARY_DIR}/gorace-install/goraceConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gorace)
