# gorace_warnings(target): the project's warning set, applied to its own code.
function(gorace_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wthread-safety
                                           -Wno-unused-parameter)
endfunction()
