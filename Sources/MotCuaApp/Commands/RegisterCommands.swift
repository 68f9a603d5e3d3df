import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(LunarCommand(), as: "lunar")
    app.asyncCommands.use(CalendarCommand(), as: "calendar")
    app.asyncCommands.use(DeadlineCommand(), as: "deadline")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(StatisticsCommand(), as: "statistics")
}
