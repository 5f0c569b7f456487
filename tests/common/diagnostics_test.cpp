#include "src/common/diagnostics.hpp"

#include <gtest/gtest.h>

namespace hammer {
namespace {

TEST(Diagnostics, LineNamesFilePointerAndMessage)
{
    Diagnostic d{"t.json", "/network/link/2", "no node \"x\""};
    EXPECT_EQ(d.to_string(), "t.json: /network/link/2: no node \"x\"");
    Diagnostic whole{"t.json", "", "cannot read: no such file"};
    EXPECT_EQ(whole.to_string(), "t.json: cannot read: no such file");
}

TEST(Diagnostics, ThrowsAllCollectedOnceEach)
{
    Diagnostics diagnostics{"f.json"};
    diagnostics.throw_if_any(); // nothing recorded: no throw
    diagnostics.error("/a", "first");
    diagnostics.error("/b", "second");
    diagnostics.error("/a", "first");
    try {
        diagnostics.throw_if_any();
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 2U);
        EXPECT_STREQ(error.what(), "f.json: /a: first\nf.json: /b: second");
    }
}

TEST(Diagnostics, PointerChildEscapesPerRfc6901)
{
    EXPECT_EQ(pointer_child("", "network"), "/network");
    EXPECT_EQ(pointer_child("/network/node", 3), "/network/node/3");
    EXPECT_EQ(pointer_child("/reference", "a/b~c"), "/reference/a~1b~0c");
}

} // namespace
} // namespace hammer
