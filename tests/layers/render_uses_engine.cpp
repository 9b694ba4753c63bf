// A forbidden include: the render layer computing a trace. Linked with bptrace_render and the
// layers below it only, this must fail with an undefined reference to the engine (tests/CMakeLists.txt).
#include "engine/backprop.hpp"
#include "render/text.hpp"

int main() {
  bptrace::Problem problem;
  return bptrace::render_errata(bptrace::backpropagate(problem)).empty() ? 1 : 0;
}
