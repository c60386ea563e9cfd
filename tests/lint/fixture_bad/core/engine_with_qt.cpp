// Test fixture (not compiled): engine code that breaks the layering rule; check_layering.sh must
// reject it, proving the check can fail.
#include <QString>
