import Testing
@testable import MotCuaCore
