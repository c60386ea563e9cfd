# Compiler settings shared by every Ahenk target: warnings (errors in CI), ccache when present.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_CUDA_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_library(ahenk_warnings INTERFACE)
target_compile_options(ahenk_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
    # Vulkan structs are written `VkFooCreateInfo info{VK_STRUCTURE_TYPE_FOO};`: C++ value-initializes
    # the other members, which is what Vulkan wants, but -Wextra warns about it.
    -Wno-missing-field-initializers>
  $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${AHENK_WERROR}>>:-Werror>)

# ahenk_target_defaults(<target>): the warnings above plus the project include conventions.
function(ahenk_target_defaults target)
  target_link_libraries(${target} PRIVATE ahenk_warnings)
endfunction()
