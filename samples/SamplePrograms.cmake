# The list of sample programs, shared by samples/CMakeLists.txt (which builds
# them) and tests/samples/CMakeLists.txt (which checks their verdicts).
# Every samples/<NN-lesson>/<program>.cpp is one program; its target is
# sample_<NN>_<lesson with '-' as '_'>_<program>, e.g. sample_08_mutex_racy.

# gorace_sample_programs(<out-var>): sets <out-var> to a list of
# "<lesson>/<program>" entries (e.g. "08-mutex/racy"), sorted.
function(gorace_sample_programs out)
  file(GLOB sources RELATIVE "${GORACE_SAMPLES_DIR}" CONFIGURE_DEPENDS
       "${GORACE_SAMPLES_DIR}/[0-9][0-9]-*/*.cpp")
  set(programs "")
  foreach(src IN LISTS sources)
    string(REGEX REPLACE "\\.cpp$" "" program "${src}")
    list(APPEND programs "${program}")
  endforeach()
  list(SORT programs)
  set(${out} "${programs}" PARENT_SCOPE)
endfunction()

# gorace_sample_target(<out-var> <lesson>/<program>): the program's target name.
function(gorace_sample_target out program)
  string(REPLACE "/" "_" name "${program}")
  string(REPLACE "-" "_" name "${name}")
  set(${out} "sample_${name}" PARENT_SCOPE)
endfunction()
