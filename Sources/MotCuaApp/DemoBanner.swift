import Vapor

/// Prints where the demo listens and the accounts to try, before the server starts.
public func printDemoBanner(_ app: Application, arguments: [String]) {
    func value(_ flags: [String]) -> String? {
        for (index, arg) in arguments.enumerated() where flags.contains(arg) && index + 1 < arguments.count { return arguments[index + 1] }
        return nil
    }
    let host = value(["--hostname", "-H"]) ?? "127.0.0.1"
    let port = value(["--port", "-p"]) ?? "8080"
    DemoSeed.printAccounts(to: app.console, baseURL: "http://\(host):\(port)")
    // A newcomer should know where the mail the demo "sends" went.
    if let server = app.mailSettings.server {
        app.console.output("Thư điện tử được gửi qua \(server.display).".consoleText())
    } else {
        app.console.output("Thư điện tử không được gửi đi (chưa đặt MOTCUA_SMTP_URL): xem tại http://\(host):\(port)/quan-tri/thu-da-gui".consoleText())
    }
    if let gateway = app.smsSettings.gatewayURL {
        app.console.output("Tin nhắn SMS được gửi qua cổng \(gateway.host ?? "?").".consoleText())
    } else {
        app.console.output("Tin nhắn SMS không được gửi đi (chưa đặt MOTCUA_SMS_URL): xem tại http://\(host):\(port)/quan-tri/tin-nhan-da-gui".consoleText())
    }
}
